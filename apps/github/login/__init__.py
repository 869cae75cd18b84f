"""Sign-in with GitHub: django-allauth's GitHub provider, its URLs read from the settings at each request
(GITHUB_OAUTH_AUTHORIZE_URL, GITHUB_OAUTH_TOKEN_URL, GITHUB_OAUTH_API_URL), so a local fake serves it in tests
and a GitHub Enterprise host in production. allauth finds it through apps.github.provider."""
