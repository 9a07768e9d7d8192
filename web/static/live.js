// Live updates for every staff page: one EventSource to /live/events, turned into DOM events
// ("civicline:case", "civicline:notice", "civicline:call", "civicline:presence") that the page's own script acts on. When the stream is
// refused (a full server answers 503) or the browser has no EventSource, it fires "civicline:poll"
// every few seconds instead, and tries the stream again a minute later. After any reconnect it fires
// one "civicline:poll" too, so nothing that happened in the gap is missed.
(function () {
  "use strict";
  var body = document.body;
  var url = body && body.getAttribute("data-live");
  if (!url) { return; }
  var pollMs = parseInt(body.getAttribute("data-poll-ms") || "15000", 10);
  var timer = null;

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent("civicline:" + name, { detail: detail || {} }));
  }
  function startPolling() {
    if (timer === null) { timer = window.setInterval(function () { emit("poll"); }, pollMs); }
  }
  function stopPolling() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
  }
  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    var source = new EventSource(url);
    var opened = false;
    source.addEventListener("open", function () {
      stopPolling();
      if (opened) { emit("poll"); }
      opened = true;
      body.setAttribute("data-live-state", "open");
    });
    ["case", "notice", "call", "presence"].forEach(function (topic) {
      source.addEventListener(topic, function (event) { emit(topic, JSON.parse(event.data)); });
    });
    source.addEventListener("error", function () {
      body.setAttribute("data-live-state", "reconnecting");
      if (source.readyState === EventSource.CLOSED) {  // refused, not just ended: poll now, and retry later
        emit("poll");  // a stream refused because the session ended: the page's poll shows the sign-in page
        startPolling();
        window.setTimeout(connect, 60000);
      }
    });
  }

  // The unread count in the menu follows the notes addressed to this user.
  function refreshBadge() {
    var badge = document.querySelector(".notice-count");
    if (!badge || !window.fetch) { return; }
    fetch(badge.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok && !response.redirected ? response.json() : null; })
      .then(function (data) {
        if (data === null) { return; }
        badge.textContent = String(data.unread);
        badge.hidden = data.unread === 0;
      })
      .catch(function () { /* the next event or poll tries again */ });
  }
  // Screen pop: as the agent's phone rings for a caller, any page of theirs opens the call's page.
  document.addEventListener("civicline:call", function (event) {
    var detail = event.detail || {};
    var pop = body.getAttribute("data-calls");
    if (pop && detail.kind === "ringing" && detail.call_id) {
      window.location.assign(pop.replace(/0$/, String(detail.call_id)));
    } else if (/^(duty_|consult_|unheld)/.test(detail.kind || "") && detail.call_id &&
               document.querySelector('[data-reload-on-call="' + detail.call_id + '"]')) {
      // The call page follows a duty phone or a consulted agent answering or not, unless a summary is being typed.
      var typed = document.querySelector("textarea[name=summary]");
      if (!typed || !typed.value) { window.location.reload(); }
    }
  });
  // The supervisors' board shows who is where: it follows each change of availability.
  document.addEventListener("civicline:presence", function () {
    if (document.querySelector("[data-reload-on-presence]")) { window.location.reload(); }
  });
  document.addEventListener("civicline:notice", refreshBadge);
  document.addEventListener("civicline:poll", refreshBadge);
  connect();
}());
