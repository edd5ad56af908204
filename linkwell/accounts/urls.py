from django.urls import path

from linkwell.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", views.password_reset_request, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetPasswordView.as_view(), name="password-reset-confirm"),
    path("password-reset/done/", views.password_reset_done, name="password-reset-done"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="change-password"),
    path("roles/", views.roles, name="roles"),
]
