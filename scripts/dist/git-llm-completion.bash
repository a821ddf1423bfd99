
# `git llm <TAB>`. git's completion (git-completion.bash) completes an external command
# `git <name>` by calling a function `_git_<name>`, after loading the completion file of
# `git-<name>` (this file) through bash-completion's loader. It calls it with no arguments and
# git's whole line in COMP_WORDS (`git -C dir llm review --st`). This hands git-llm's own
# function above the same line as if `git-llm review --st` had been typed: the words from `llm`
# on, `llm` renamed, and COMP_CWORD, COMP_LINE and COMP_POINT moved to match.
_git_llm() {
    # git sets __git_cmd_idx (git 2.30 and later) to where the command is in its own word list,
    # which joins words at = and :, so COMP_WORDS has at least that many words before it.
    local -i at="${__git_cmd_idx:-1}"
    while ((at < ${#COMP_WORDS[@]})) && [[ "${COMP_WORDS[at]}" != llm ]]; do
        ((at++))
    done
    ((at < COMP_CWORD)) || return 0

    local rest="${COMP_LINE}" word
    for word in "${COMP_WORDS[@]::at+1}"; do
        rest="${rest#"${rest%%[![:space:]]*}"}"
        rest="${rest#"${word}"}"
    done
    local -a after=("${COMP_WORDS[@]:at+1}")
    local -a COMP_WORDS=(git-llm "${after[@]}")
    local -i COMP_CWORD=$((COMP_CWORD - at))
    local -i COMP_POINT=$((COMP_POINT - ${#COMP_LINE} + ${#rest} + 7))
    local COMP_LINE="git-llm${rest}"

    # git registers its completion with -o nospace and adds spaces itself; git-llm's words
    # want a space after them, and file names the treatment `complete -o filenames` gives.
    compopt +o nospace -o filenames 2>/dev/null
    COMPREPLY=()
    _git-llm git-llm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
