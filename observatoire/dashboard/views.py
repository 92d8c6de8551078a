"""Mon espace: a collectivité's dashboard, its peers, the score simulator and the exports.
Views parse their input, call one selector or service and render; every one takes the
collectivité's slug and goes through `member_required`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from observatoire.users.access import member_required


@member_required
def home(request: HttpRequest, *, territory, membership) -> HttpResponse:
    context = {"territory": territory, "membership": membership}
    return render(request, "dashboard/home.html", context)
