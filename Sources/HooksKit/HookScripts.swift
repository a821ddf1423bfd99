// The hook scripts, composed so that each equals its file in hooks/ byte for byte
// (HooksKitTests checks): the installed binary has no source tree to read them from. Edit
// hooks/<name>, then the pieces here. The four share everything but their name, their one-line
// summary and, for pre-push, how the user's hook gets git's stdin.

extension HookName {
  /// The script `git llm hooks install` writes for this hook.
  public var script: String {
    switch self {
    case .preCommit: return HookScripts.script("pre-commit", summary: "reviews the staged change before each commit.")
    case .prepareCommitMsg: return HookScripts.script("prepare-commit-msg", summary: "drafts the commit message.")
    case .prePush:
      return HookScripts.script("pre-push", summary: "reviews the commits being pushed.", runUserHook: HookScripts.runUserHookWithStdin)
    case .postMerge: return HookScripts.script("post-merge", summary: "notes merged changes (the fine-tune trigger).")
    }
  }
}

/// The pieces of the hook scripts.
enum HookScripts {
  static func script(_ name: String, summary: String, runUserHook: String = runUserHook) -> String {
    "#!/bin/sh\n# git-llm \(name) hook: \(summary)\n"
      + preamble.replacingOccurrences(of: "@HOOK@", with: name) + runUserHook + ending
  }

  static let preamble = #"""
    # Installed by `git llm hooks install`, which checks that this file stays as written;
    # `git llm hooks uninstall` puts back whatever was here before.
    # Skip git-llm's part with GIT_LLM=0 or SKIP=git-llm; `--no-verify` skips every hook.

    hook=@HOOK@

    # The hook that was here before git-llm, moved where git does not run it; it runs first and,
    # as before, a failure blocks the operation.
    # Found without starting git when possible (a hook runs on every commit): git runs hooks from the
    # top of the work tree with GIT_DIR set for linked worktrees; a worktree's git folder names the
    # shared one in its "commondir" file.
    git_dir=${GIT_DIR-}
    [ -z "$git_dir" ] && [ -d .git ] && git_dir=.git
    if [ -n "$git_dir" ] && [ -f "$git_dir/commondir" ]; then
      read -r common_dir < "$git_dir/commondir"
      case $common_dir in /*) ;; *) common_dir="$git_dir/$common_dir" ;; esac
    elif [ -n "$git_dir" ]; then
      common_dir=$git_dir
    else
      common_dir=$(git rev-parse --git-common-dir 2>/dev/null) || common_dir=
    fi
    user_hook="$common_dir/llm/hooks/$hook.user"
    if [ -n "$common_dir" ] && [ -f "$user_hook" ] && [ -x "$user_hook" ]; then

    """#

  /// Runs the user's previous hook with git's arguments.
  static let runUserHook = #"""
      "$user_hook" "$@" || exit $?

    """#

  /// pre-push: git writes the pushed refs on stdin once, so the user's hook gets a copy.
  static let runUserHookWithStdin = #"""
      # git writes the refs being pushed on stdin once: keep a copy so both hooks read all of it.
      refs=$(mktemp "${TMPDIR:-/tmp}/git-llm-pre-push.XXXXXX") || {
        echo "git-llm: no temp file for the pushed refs; running only your own pre-push hook" >&2
        exec "$user_hook" "$@"
      }
      cat >"$refs"
      "$user_hook" "$@" <"$refs" || { status=$?; rm -f "$refs"; exit "$status"; }
      # From here on stdin is the copy; its name goes now, so nothing is left behind after exec.
      exec <"$refs"
      rm -f "$refs"

    """#

  static let ending = #"""
    fi

    case "${GIT_LLM-}" in
      0 | false | no | off) exit 0 ;;
    esac
    case ",${SKIP-}," in
      *,git-llm,* | *", git-llm,"* | *",git-llm ,"* | *", git-llm ,"*) exit 0 ;;
    esac
    # A missing tool never blocks git.
    if ! command -v git-llm >/dev/null 2>&1; then
      echo "git-llm: not on PATH, its $hook hook did nothing (install git-llm or run: git llm hooks uninstall)" >&2
      exit 0
    fi
    exec git-llm hook run "$hook" "$@"

    """#
}
