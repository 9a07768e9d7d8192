// A filter that applies as soon as it is chosen: <select data-autosubmit> submits its form on change.
// (The pages' Content-Security-Policy forbids inline handlers such as onchange="…", so it lives here.)
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) { field.form.submit(); }
  });
}());
