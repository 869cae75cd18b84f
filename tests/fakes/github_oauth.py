"""The local fake GitHub OAuth server lives in devtools (``make run`` offers it to people running Nest offline);
the tests import it from here."""

from devtools.fake_github_oauth import CLIENT_ID, CLIENT_SECRET, FakeGitHubOAuth, emails_of, github_user, stable_id

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "FakeGitHubOAuth", "emails_of", "github_user", "stable_id"]
