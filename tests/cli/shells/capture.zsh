# Completes a command line in a real interactive zsh and writes every match to $CAPTURE.
# zsh -f capture.zsh 'convcalc check ne'   (convcalc on PATH; run in the directory to complete in)
# A pseudo-terminal (zpty) runs the shell, because completion runs only in the line editor; the
# compadd wrapper records what each completer (ours, and zsh's _path_files) adds, as matched.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1=; autoload -U compinit; compinit -u -D'
zpty -w z 'eval "$(_CONVCALC_COMPLETE=zsh_source convcalc)"'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; print -rl -- $__hits >> $CAPTURE; }'
zpty -w z 'comppostfuncs=(_capture_done); _capture_done() { print -r -- __END__ >> $CAPTURE; compstate[list]=; compstate[insert]=; }'
zpty -w -n z "$1"$'\t'
for i in {1..300}; do
  [[ -f $CAPTURE ]] && grep -q __END__ $CAPTURE && break
  zpty -r -t z junk 2>/dev/null
  sleep 0.1
done
zpty -d z
