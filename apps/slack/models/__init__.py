from apps.slack.models.activity import CommandUse, HandlerFailure
from apps.slack.models.installation import Bot, Installation, OAuthState
from apps.slack.models.texts import ChannelGuide, SlackText
from apps.slack.models.workspace import Conversation, Member

__all__ = [
    "Bot",
    "ChannelGuide",
    "CommandUse",
    "Conversation",
    "HandlerFailure",
    "Installation",
    "Member",
    "OAuthState",
    "SlackText",
]
