#include "CBuildInfo.h"

#ifndef GIT_LLM_COMMIT
#define GIT_LLM_COMMIT ""
#endif

const char *git_llm_build_commit(void) { return GIT_LLM_COMMIT; }
