from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from linkwell.accounts import actions
from linkwell.accounts.forms import ChangePasswordForm, NewPasswordForm, PasswordResetRequestForm, SignInForm
from linkwell.accounts.permissions import memberships_of
from linkwell.accounts.roles import ROLE_DEFINITIONS, Permission, Role


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(_safe_next(request))
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            actions.sign_in(request=request, user=form.get_user())
            return HttpResponseRedirect(_safe_next(request))
        if form.data.get("username"):
            actions.record_failed_sign_in(request=request, attempted_email=str(form.data["username"]))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:signed-out")
    if request.method == "POST":
        actions.sign_out(request=request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html", {"idle_minutes": settings.SESSION_IDLE_MINUTES})


@csrf_protect
@require_http_methods(["GET", "POST"])
def password_reset_request(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.send_password_reset(request=request, email=form.cleaned_data["email"])
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset_request.html", {"form": form}, status=400 if form.errors else 200)


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/password_reset_sent.html", {"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
    )


class ResetPasswordView(PasswordResetConfirmView):
    """Django's token handling (the token leaves the URL before the form shows); our form and action."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        actions.reset_password(request=self.request, user=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session["_password_reset_token"]
        return HttpResponseRedirect(self.get_success_url())


def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html")


@login_required
@sensitive_post_parameters()
@csrf_protect
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.change_password(request=request, user=request.user, new_password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]
        return render(request, "accounts/password_changed.html")
    return render(request, "accounts/change_password.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": [(membership, ROLE_DEFINITIONS[Role(membership.role)]) for membership in memberships],
        },
    )


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/roles.html",
        {"definitions": list(ROLE_DEFINITIONS.values()), "permissions": list(Permission)},
    )
