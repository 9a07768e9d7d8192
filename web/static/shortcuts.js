// Keyboard shortcuts for staff pages. In the inbox: j / k move through the cases, Enter or o opens one,
// x selects it for a bulk action. On a case: r reply, n internal note, e send the answer and resolve.
// Everywhere: / search, ? this list, Esc closes it. Keys typed into a field are the field's own.
(function () {
  "use strict";
  var help = document.getElementById("shortcuts-help");

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#inbox tr[data-reference]")); }
  function current() { return document.querySelector("#inbox tr.cursor"); }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var at = all.indexOf(current());
    var next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
    all.forEach(function (row) { row.classList.remove("cursor"); row.removeAttribute("aria-current"); });
    next.classList.add("cursor");
    next.setAttribute("aria-current", "true");
    document.body.setAttribute("data-cursor", next.getAttribute("data-reference"));
    var link = next.querySelector("a");
    if (link) { link.focus(); }
  }
  function compose(mode) {
    if (!document.getElementById("composer")) { return false; }
    document.dispatchEvent(new CustomEvent("civicline:compose", { detail: { mode: mode } }));
    return true;
  }
  function toggleHelp(open) {
    if (!help) { return; }
    if (open && !help.open) { help.showModal(); } else if (!open && help.open) { help.close(); }
  }

  var keys = {
    "j": function () { move(1); return rows().length > 0; },
    "k": function () { move(-1); return rows().length > 0; },
    "o": function () { var row = current(); if (row) { row.querySelector("a").click(); } return !!row; },
    "x": function () {
      var box = current() && current().querySelector("input[type=checkbox]");
      if (box) { box.click(); }
      return !!box;
    },
    "r": function () { return compose("reply"); },
    "n": function () { return compose("note"); },
    "e": function () {
      var resolve = document.getElementById("send-resolve");
      if (!resolve || !compose("reply")) { return false; }
      var box = document.getElementById("reply-text");
      if (box.value.trim()) { resolve.focus(); }  // Enter now sends the answer and resolves
      return true;
    },
    "/": function () {
      var search = document.querySelector("input[type=search]");
      if (search) { search.focus(); search.select(); }
      return !!search;
    },
    "?": function () { toggleHelp(true); return true; }
  };

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { toggleHelp(false); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var action = keys[event.key];
    if (action && action()) { event.preventDefault(); }
  });
  document.addEventListener("civicline:rows", function () {  // the rows were swapped in: keep the cursor
    var reference = document.body.getAttribute("data-cursor");
    var row = reference && document.querySelector("#inbox tr[data-reference='" + reference + "']");
    if (row) { row.classList.add("cursor"); row.setAttribute("aria-current", "true"); }
  });
  var close = help && help.querySelector("button.close");
  if (close) { close.addEventListener("click", function () { toggleHelp(false); }); }
}());
