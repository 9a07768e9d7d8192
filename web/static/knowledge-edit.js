// The two-SMS counter under an article's short answer.
(function () {
  // Show how much of two SMS the short answer uses (134 characters with Chinese, 306 without).
  const field = document.getElementById("short_answer");
  const count = document.createElement("small");
  count.id = "short-count";
  field.insertAdjacentElement("afterend", count);
  function update() {
    const limit = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/.test(field.value) ? 134 : 306;
    count.textContent = field.value.length + " / " + limit;
    count.className = field.value.length > limit ? "over" : "";
  }
  field.addEventListener("input", update);
  update();
})();
