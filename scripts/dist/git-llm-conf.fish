# `git llm <TAB>` in fish. fish's git completion completes a git-* command on PATH with that
# command's own completions, but fish 3.6 names it by its file name, so it asks for those of
# `git-git-llm`; this registers the lookup under the right name. (Harmless where fish gets it
# right: the same completions are offered once.)
complete -c git -f -n '__fish_git_using_command llm' -a '(__fish_git_complete_custom_command llm)'
