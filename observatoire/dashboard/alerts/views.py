"""A member's alert preferences and history (logged in), and the unsubscribe link of every
alert e-mail (no login: the signed token names the member and the alert)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .emails import UNSUBSCRIBE_LABELS, unsubscribe_read
from .forms import AlertPreferenceForm
from .selectors import alert_page, delivery_page, preference_get
from .services import alert_preference_update, alert_unsubscribe
from .texts import alert_summary


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = AlertPreferenceForm(request.POST or None, instance=preference_get(user=request.user))
    if request.method == "POST" and form.is_valid():
        alert_preference_update(user=request.user, values=form.cleaned_data)
        messages.success(request, _("Vos préférences d'alerte sont enregistrées."))
        return redirect("alerts:preferences")
    alerts = alert_page(user=request.user, number=request.GET.get("alertes"))
    context = {
        "form": form,
        "alerts": alerts,
        "alert_rows": [(alert, alert_summary(alert)) for alert in alerts],
        "deliveries": delivery_page(user=request.user, number=request.GET.get("courriels")),
    }
    return render(request, "alerts/preferences.html", context)


# The token is the credential (signed, names one member and one alert): mail clients post
# the one-click unsubscribe of RFC 8058 without any CSRF token, and the link must work
# without a session.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirmation button (link scanners must not unsubscribe anyone); POST: the
    alert is switched off."""
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind = found
    context = {"label": UNSUBSCRIBE_LABELS[kind], "token": token}
    if request.method == "POST":
        if not alert_unsubscribe(user_id=user_id, kind=kind):
            return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=400)
        context["done"] = True
    return render(request, "alerts/unsubscribe.html", context)
