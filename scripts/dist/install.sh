#!/bin/sh
# Installs git-llm from this folder (a `make dist` tarball, or the staging folder `make install`
# uses): bin/, share/man, share/bash-completion, share/zsh, share/fish and share/git-llm under a
# prefix, and records what it wrote in <prefix>/share/git-llm/installed-files so that
# --uninstall removes exactly that.
#   ./install.sh [--prefix DIR]        default: $PREFIX, else ~/.local
#   ./install.sh --uninstall [--prefix DIR]
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'; see ./install.sh --help" >&2; exit 2 ;;
  esac
done
[ -n "$prefix" ] || { echo "install.sh: empty prefix; pass --prefix DIR" >&2; exit 2; }
manifest="$prefix/share/git-llm/installed-files"

if [ "$action" = uninstall ]; then
  [ -f "$manifest" ] || { echo "install.sh: no git-llm installed under $prefix ($manifest is missing)" >&2; exit 2; }
  while IFS= read -r file; do
    case "$file" in ''|/*|*..*) continue ;; esac
    rm -f "$prefix/$file"
  done <"$manifest"
  rm -f "$manifest"
  # Folders git-llm alone owns; shared ones (bin, share/man, …) stay.
  rm -rf "$prefix/share/git-llm"
  echo "removed git-llm from $prefix"
  exit 0
fi

cd "$here"
[ -x bin/git-llm ] || { echo "install.sh: bin/git-llm is missing next to install.sh; unpack the whole tarball" >&2; exit 2; }
files="$(find bin share -type f | LC_ALL=C sort)"
for file in $files; do
  mode=0644
  case "$file" in bin/*) mode=0755 ;; esac
  mkdir -p "$prefix/$(dirname "$file")"
  # Copy beside, then rename: replacing a running git-llm must not truncate it.
  cp "$file" "$prefix/$file.new.$$"
  chmod "$mode" "$prefix/$file.new.$$"
  mv -f "$prefix/$file.new.$$" "$prefix/$file"
done
mkdir -p "$prefix/share/git-llm"
install_copy="share/git-llm/install.sh"
cp install.sh "$prefix/$install_copy" && chmod 0755 "$prefix/$install_copy"
{ printf '%s\n' $files; echo "$install_copy"; } >"$manifest"

echo "installed git-llm in $prefix: $("$prefix/bin/git-llm" --version)"
echo "next steps:"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "  - put $prefix/bin on your PATH (e.g. in ~/.profile: export PATH=\"$prefix/bin:\$PATH\")" ;;
esac
echo "  - git llm doctor               what git-llm finds: libraries, config, model servers"
echo "  - git llm review HEAD~1..      a first review (no model needed: the built-in rules answer)"
echo "  - git llm hooks install        the pre-commit review, in a repository of yours"
if [ -f "$prefix/share/man/man1/git-llm.1" ]; then
  echo "  - man git-llm                  (MANPATH must include $prefix/share/man if man can't find it)"
fi
echo "  - completions: bash and git's \`git llm <TAB>\` load share/bash-completion by themselves under"
echo "    ~/.local; zsh (share/zsh/site-functions) and fish (share/fish/vendor_completions.d): docs/cli.md in the source"
echo "to uninstall: $prefix/$install_copy --uninstall --prefix $prefix"
