"""agentdesk's shell: the App, the CLI, the theme, keys and translations."""
