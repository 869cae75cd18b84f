"""What a mentorship service refuses, for every presentation to answer the same way: ``NotAllowedError`` (403; an
anonymous visitor: 401 or the sign-in page), ``NotFoundError`` (404: also what a record the user may not see is, so
its existence does not leak) and ``InvalidRequestError`` (400: the request cannot be done as asked)."""


class MentorshipError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequestError(MentorshipError):
    status = 400


class NotAllowedError(MentorshipError):
    status = 403


class NotFoundError(MentorshipError):
    status = 404
