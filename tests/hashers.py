from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with one iteration, for tests only.

    The hash names its iteration count, so servers started by the tests with
    the production settings (several-server and load tests) still verify it.
    """

    iterations = 1
