// Put a canned response into the reply box, where the agent can still edit it before sending.
(function () {
  "use strict";
  var picker = document.getElementById("canned");
  var box = document.getElementById("reply-text");
  if (!picker || !box) { return; }
  picker.addEventListener("change", function () {
    var option = picker.options[picker.selectedIndex];
    if (option && option.value) {
      box.value = option.getAttribute("data-body");
      box.focus();
    }
    picker.selectedIndex = 0;
  });
}());
