require "mkmf"
$CFLAGS << " -g -O1"
create_makefile("ecgtrace/ecgtrace")
