#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The commit this binary was built from ("abc1234", "abc1234-dirty"), or "" when the build did
/// not say. A C string because a C define is the one way SwiftPM passes a string into a build
/// (Package.swift sets GIT_LLM_COMMIT from the environment); Swift's -D takes only flags.
const char *git_llm_build_commit(void);

#endif
