from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

WRONG_LOGIN = _("Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan.")
INACTIVE_LOGIN = _("Akun ini dinonaktifkan. Hubungi admin.")


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": WRONG_LOGIN, "inactive": INACTIVE_LOGIN}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")
