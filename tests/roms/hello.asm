; hello: the smallest ROM test: print a line and exit.
%include "lib.inc"
main:
        PRINTLN "Hello from emu ROM"
        EXIT
        ROM_END
