import GitLLM

await GitLLMMain.run()
