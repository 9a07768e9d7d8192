// Outreach pages: the segment's live count, an SMS text's segment count, a sending notice's live report.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function segmentPreview(form) {
    const show = function (cls, value) { form.querySelector(cls).textContent = value; };
    const update = debounce(function () {
      const params = new URLSearchParams(new FormData(form));
      params.delete("csrf_token");
      fetch(form.dataset.preview + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          show(".count-error", data.error || "");
          if (data.error) { return; }
          show(".count-citizens", data.citizens);
          show(".count-opted-out", data.opted_out);
          show(".count-reachable", data.reachable);
        });
    }, 250);
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function smsLength(form) {
    form.querySelectorAll("textarea[data-language]").forEach(function (area) {
      const out = form.querySelector('.sms-parts[data-for="' + area.dataset.language + '"]');
      const update = debounce(function () {
        if (!area.value.trim()) { out.textContent = ""; return; }
        const params = new URLSearchParams({ text: area.value, language: area.dataset.language });
        fetch(form.dataset.smsLength + "?" + params.toString(), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) { out.textContent = "SMS: " + data.segments; });
      }, 250);
      area.addEventListener("input", update);
      update();
    });
  }

  // The SMS cost estimate: segments of a copy × reachable SMS recipients × the segment price (the server counts).
  function smsCost(form) {
    const out = form.querySelector(".sms-cost");
    if (!out || !form.dataset.smsCost) { return; }
    const show = function (cls, value) { out.querySelector(cls).textContent = value; };
    const update = debounce(function () {
      const data = new FormData(form);
      const params = new URLSearchParams();
      ["segment_id", "channel", "text_zh", "text_en", "options"].forEach(function (key) {
        params.set(key, data.get(key) || "");
      });
      fetch(form.dataset.smsCost + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (found) {
          show(".cost-error", found.error || "");
          if (found.error) { return; }
          // One figure when every language's copy takes the same; else "zh 2 / en 1".
          const languages = ["zh", "en"].filter(function (lang) { return lang in found.segments; });
          const counts = languages.map(function (lang) { return found.segments[lang]; });
          const same = counts.every(function (n) { return n === counts[0]; });
          show(".cost-segments", !counts.length ? 0 : same ? counts[0]
            : languages.map(function (lang) { return lang + " " + found.segments[lang]; }).join(" / "));
          show(".cost-recipients", found.recipients);
          show(".cost-total", found.cost.toFixed(2));
        });
    }, 300);
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  function liveReport(section) {
    if (section.dataset.live !== "yes") { return; }
    const poll = function () {
      fetch(section.dataset.progress, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          const body = section.querySelector("tbody");
          const keys = ["recipients", "waiting", "sent", "delivered", "failed", "opted_out", "skipped", "replied"];
          body.textContent = "";
          Object.keys(data.figures).sort().forEach(function (channel) {
            const row = document.createElement("tr");
            row.dataset.channel = channel;
            const name = document.createElement("td");
            name.textContent = channel;
            row.appendChild(name);
            keys.forEach(function (key) {
              const cell = document.createElement("td");
              cell.className = key;
              cell.textContent = data.figures[channel][key];
              row.appendChild(cell);
            });
            body.appendChild(row);
          });
          const status = document.querySelector(".campaign-status");
          if (status) { status.dataset.status = data.status; }
          if (data.status === "sending" || data.status === "scheduled") { setTimeout(poll, 2000); }
        });
    };
    setTimeout(poll, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.segment-form").forEach(segmentPreview);
    document.querySelectorAll("form.campaign-form").forEach(smsLength);
    document.querySelectorAll("form.campaign-form").forEach(smsCost);
    document.querySelectorAll("section.campaign-report").forEach(liveReport);
  });
})();
