#!/bin/bash
# bench/cgper.sh: host instructions (callgrind Ir) per guest instruction,
# from two runs stopped by --max-insns at N1 and N2 (start-up cancels out).
# usage: cgper.sh N1 N2 EMU ARGS... -> host instructions (Ir) per guest instruction between N1 and N2
n1=$1 n2=$2; shift 2; cmd=("$@")
ir() { valgrind --tool=callgrind --callgrind-out-file=${CGP_OUT:-/tmp}/cgp.out.$1 "${cmd[@]}" --display none --max-insns $1 2>&1 | grep -o 'Collected : [0-9]*' | awk '{print $3}'; }
a=$(ir $n1); b=$(ir $n2)
printf "%.1f\n" $(echo "($b-$a)/($n2-$n1)" | bc -l)
