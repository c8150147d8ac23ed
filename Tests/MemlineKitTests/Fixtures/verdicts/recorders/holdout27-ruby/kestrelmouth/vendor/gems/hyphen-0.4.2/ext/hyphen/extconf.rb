require "mkmf"
$CFLAGS << " -O2 -g"
create_makefile("hyphen/hyphen")
