#include <git2.h>
// git_repository_set_index: a repository reads the index GIT_INDEX_FILE names (Repository.swift).
#include <git2/sys/repository.h>
