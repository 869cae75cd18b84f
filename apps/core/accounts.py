"""How django-allauth treats accounts here: no self sign-up. Accounts are made by staff (the admin) until
GitHub sign-in arrives; a signed-in user manages their own API keys."""

from allauth.account.adapter import DefaultAccountAdapter


class NestAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False
