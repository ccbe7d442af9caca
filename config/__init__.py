"""The settings (`RTT_` variables, `rtt.toml`), built once by the `rtt` command and handed
down with the typed configs they make (the pipeline's options, the file-reading limits)."""
