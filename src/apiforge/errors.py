"""The one base of every error apiforge reports to the user: the CLI catches it in one place,
prints its message (and the lines to add by hand, when there are some) and exits 1."""


class ApiforgeError(Exception):
    """A refusal or failure told in the user's terms; nothing was left half done.

    `lines` are what to add by hand when apiforge could not place them itself.
    """

    def __init__(self, message: str, lines: str | None = None) -> None:
        super().__init__(message)
        self.lines = lines
