"""Question answering and the agent: the layer above the search service and the embeddings that combines
them (hybrid retrieval) and hands the result to ``apps.ai``'s answer writers. The site, the APIs and Slack
call it; nothing below imports it."""
