require "ecgtrace/ecgtrace"
