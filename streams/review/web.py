"""The reviewers' page: Starlette, Jinja2 templates rendered on the server, forms and no script.

Every route goes through the same `Desk`, so the page and its JSON data refuse
the same things: no login, a queue outside the reviewer's role, a form without
the session's token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from streams.review import present
from streams.review.actions import DECISIONS, Desk, Refused
from streams.review.cases import Case
from streams.review.security import SESSION_SECONDS, CsrfError, LoginThrottle, check_csrf, csrf_token, current_user

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(present=present, DECISIONS=DECISIONS)
Handler = Callable[[Request], Awaitable[Response]]


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.update(user=current_user(request), csrf=csrf_token(request), flash=request.session.pop("flash", None))
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def create_app(desk: Desk, throttle: LoginThrottle, secret: str, healthy: Callable[[], bool] = lambda: True,
               session_seconds: int = SESSION_SECONDS) -> Starlette:
    def guarded(handler: Callable[..., Any], json: bool = False, form: bool = False) -> Handler:
        """Runs the handler off the event loop with the account; turns refusals into pages or JSON."""
        async def endpoint(request: Request) -> Response:
            data: dict[str, Any] = {}
            try:
                if form:
                    data = dict(await request.form())
                    data["allow"] = (await request.form()).getlist("allow")
                    check_csrf(request, data)
                return await run_in_threadpool(_call, request, data)
            except CsrfError as exc:
                return _refused(request, Refused(str(exc), 403), json)
            except Refused as exc:
                return _refused(request, exc, json)

        def _call(request: Request, data: dict[str, Any]) -> Response:
            account = desk.account(current_user(request))
            return handler(request, account, data) if form else handler(request, account)

        return endpoint

    def _refused(request: Request, exc: Refused, json: bool) -> Response:
        if exc.status == 401 and not json:
            return RedirectResponse("/login", 303)
        if json:
            return JSONResponse({"error": exc.message}, exc.status)
        return render(request, "refused.html", exc.status, message=exc.message)

    def overview(request: Request, account: Any) -> Response:
        queues = [q for q in desk.store.keys.queues if account.may_see(q)]
        for queue in queues:
            desk.returned(queue)
        stats = [desk.store.stats(q) for q in queues]
        return render(request, "overview.html", stats=stats)

    def queue_page(request: Request, account: Any) -> Response:
        queue = request.path_params["queue"]
        desk.allowed(account, queue)
        desk.returned(queue)
        return render(request, "queue.html", queue=queue, cases=desk.store.queue_cases(queue))

    def queue_data(request: Request, account: Any) -> Response:
        queue = request.path_params["queue"]
        desk.allowed(account, queue)
        found = desk.store.queue_cases(queue)
        return JSONResponse({state: [c.fields for c in cases] for state, cases in found.items()})

    def case_page(request: Request, account: Any) -> Response:
        case = desk.view(account, request.path_params["key"])
        return render(request, "case.html", case=case, mine=case.claimed_by == account.name)

    def case_data(request: Request, account: Any) -> Response:
        case = desk.view(account, request.path_params["key"])
        return JSONResponse({"case": case.fields, "hits": case.hits})

    def claim(request: Request, account: Any, form: dict[str, Any]) -> Response:
        queue = request.path_params["queue"]
        key = desk.claim_next(account, queue)
        if key is None:
            request.session["flash"] = f"The {queue} queue has no open case."
            return RedirectResponse("/", 303)
        return RedirectResponse(f"/cases/{key}", 303)

    def release(request: Request, account: Any, form: dict[str, Any]) -> Response:
        key = request.path_params["key"]
        desk.release(account, key)
        request.session["flash"] = f"Released {key}: it is back in its queue."
        return RedirectResponse("/", 303)

    def decide(request: Request, account: Any, form: dict[str, Any]) -> Response:
        key = request.path_params["key"]
        record = desk.decide(account, key, str(form.get("decision", "")), str(form.get("comment", "")),
                             list(form.get("allow") or []))
        extra = f"; {len(record['allow_listed'])} allow-list entr{'y' if len(record['allow_listed']) == 1 else 'ies'} added" \
            if record["allow_listed"] else ""
        request.session["flash"] = f"Decided {key}: {DECISIONS[record['decision']]}{extra}."
        return RedirectResponse(f"/cases/{key}", 303)

    def search(request: Request, account: Any) -> Response:
        text = request.query_params.get("q", "").strip()
        found: list[Case] = [c for c in desk.store.search(text) if account.may_see(c.queue)] if text else []
        if text:
            desk.publisher.audit(account.name, "search", None, text)
        return render(request, "search.html", q=text, found=found)

    def history(request: Request, account: Any) -> Response:
        return render(request, "history.html", entries=desk.store.history(account.name))

    def allow_page(request: Request, account: Any) -> Response:
        desk.allowed(account, "sanctions")
        return render(request, "allowlist.html", entries=desk.store.allow_entries())

    def withdraw(request: Request, account: Any, form: dict[str, Any]) -> Response:
        key = str(form.get("entry", ""))
        desk.withdraw(account, key)
        request.session["flash"] = f"Withdrew the allow-list entry {key}: the pair is raised again."
        return RedirectResponse("/allowlist", 303)

    async def login_page(request: Request) -> Response:
        return render(request, "login.html")

    async def login(request: Request) -> Response:
        form = dict(await request.form())
        try:
            check_csrf(request, form)
        except CsrfError as exc:
            return render(request, "login.html", 403, error=str(exc))
        name, password = str(form.get("username", "")), str(form.get("password", ""))
        await asyncio.sleep(await run_in_threadpool(throttle.delay, name))
        if await run_in_threadpool(throttle.locked, name):
            desk.metrics.logins.labels("locked").inc()
            return render(request, "login.html", 429, error="Too many failed logins; try again later.")
        account = await run_in_threadpool(desk.accounts.verify, name, password)
        if account is None:
            await run_in_threadpool(throttle.failed, name)
            await run_in_threadpool(desk.publisher.audit, name or "-", "login_failed")
            desk.metrics.logins.labels("failed").inc()
            return render(request, "login.html", 401, error="Wrong user name or password.")
        await run_in_threadpool(throttle.succeeded, name)
        request.session.clear()         # a fresh session (and token) for the logged-in user
        request.session["user"] = account.name
        await run_in_threadpool(desk.publisher.audit, account.name, "login")
        desk.metrics.logins.labels("ok").inc()
        return RedirectResponse("/", 303)

    async def logout(request: Request) -> Response:
        form = dict(await request.form())
        try:
            check_csrf(request, form)
        except CsrfError as exc:
            return _refused(request, Refused(str(exc), 403), False)
        request.session.clear()
        return RedirectResponse("/login", 303)

    async def metrics(request: Request) -> Response:
        body = await run_in_threadpool(desk.metrics.render)
        return PlainTextResponse(body, media_type="text/plain; version=0.0.4")

    async def health(request: Request) -> Response:
        ok = healthy()
        return JSONResponse({"ok": ok}, 200 if ok else 503)

    routes = [
        Route("/", guarded(overview)),
        Route("/login", login_page, methods=["GET"]), Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/queues/{queue}", guarded(queue_page)),
        Route("/queues/{queue}/claim", guarded(claim, form=True), methods=["POST"]),
        Route("/cases/{key:path}/release", guarded(release, form=True), methods=["POST"]),
        Route("/cases/{key:path}/decide", guarded(decide, form=True), methods=["POST"]),
        Route("/cases/{key:path}", guarded(case_page)),
        Route("/search", guarded(search)), Route("/history", guarded(history)),
        Route("/allowlist", guarded(allow_page)),
        Route("/allowlist/withdraw", guarded(withdraw, form=True), methods=["POST"]),
        Route("/api/queues/{queue}", guarded(queue_data, json=True)),
        Route("/api/cases/{key:path}", guarded(case_data, json=True)),
        Route("/metrics", metrics), Route("/healthz", health),
    ]
    middleware = [Middleware(SessionMiddleware, secret_key=secret, session_cookie="grenswacht_review",
                             max_age=session_seconds, same_site="strict", https_only=False)]
    return Starlette(routes=routes, middleware=middleware)
