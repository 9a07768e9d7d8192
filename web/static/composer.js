// The case page's composer: one box for a reply or an internal note, canned replies and suggested
// answers inserted at the cursor (never over the draft), and, on SMS, how many messages it will take.
(function () {
  "use strict";
  var form = document.getElementById("composer");
  var box = document.getElementById("reply-text");
  if (!form || !box) { return; }

  function setMode(mode) {
    form.setAttribute("data-mode", mode);
    Array.prototype.forEach.call(form.querySelectorAll(".mode"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-mode") === mode));
    });
    var primary = form.querySelector(mode === "note" ? ".for-note" : ".for-reply");
    form.setAttribute("action", primary.getAttribute("formaction"));  // Enter-submits go the right way
  }
  Array.prototype.forEach.call(form.querySelectorAll(".mode"), function (button) {
    button.addEventListener("click", function () { setMode(button.getAttribute("data-mode")); box.focus(); });
  });

  // Put text where the cursor is (replacing only a selection), with a space or line to keep words apart.
  function insert(text) {
    var start = box.selectionStart, end = box.selectionEnd;
    var before = box.value.slice(0, start);
    if (before && !/\s$/.test(before)) { text = (/[\u3000-\u9fff]$/.test(before) ? "" : " ") + text; }
    box.focus();
    box.setRangeText(text, start, end, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  var picker = document.getElementById("canned");
  if (picker) {
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      if (option && option.value) { insert(option.getAttribute("data-body")); }
      picker.selectedIndex = 0;
    });
    // "/" typed at the start of the box or after a space opens the canned replies instead.
    box.addEventListener("keydown", function (event) {
      var before = box.value.slice(0, box.selectionStart);
      if (event.key === "/" && (before === "" || /\s$/.test(before))) {
        event.preventDefault();
        picker.focus();
        if (picker.showPicker) { try { picker.showPicker(); } catch (ignored) { /* needs a user gesture */ } }
      }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.insert[data-insert]"), function (button) {
    button.addEventListener("click", function () { insert(button.getAttribute("data-insert")); });
  });

  // SMS length: GSM-7 fits 160 characters in one message (153 each when split); anything outside it,
  // Chinese included, makes the whole message UCS-2: 70, or 67 each when split.
  var GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
    "¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXTENDED = "^{}\\[~]|€\f";
  var counter = document.getElementById("sms-counter");
  function count() {
    var text = box.value, units = 0, gsm = true;
    for (var i = 0; i < text.length; i += 1) {
      var c = text.charAt(i);
      if (GSM.indexOf(c) >= 0) { units += 1; } else if (GSM_EXTENDED.indexOf(c) >= 0) { units += 2; } else { gsm = false; break; }
    }
    var chars = gsm ? units : Array.from(text).reduce(function (n, ch) { return n + (ch.length > 1 ? 2 : 1); }, 0);
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    var parts = chars === 0 ? 0 : (chars <= single ? 1 : Math.ceil(chars / part));
    var template = counter.getAttribute(gsm ? "data-template-gsm" : "data-template-ucs");
    counter.textContent = template.replace("{chars}", String(chars)).replace("{parts}", String(parts));
    counter.setAttribute("data-parts", String(parts));
    counter.setAttribute("data-encoding", gsm ? "GSM-7" : "UCS-2");
  }
  if (counter) { box.addEventListener("input", count); count(); }

  document.addEventListener("civicline:compose", function (event) { setMode(event.detail.mode); box.focus(); });
  setMode("reply");
}());
