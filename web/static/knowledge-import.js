// Follow a knowledge import's progress (served as a file: the pages' CSP allows no inline script).
(function () {
  const holder = document.getElementById("import-status");
  const url = holder.dataset.url;
  const labels = JSON.parse(holder.dataset.labels);
  function cell(row, text) { const td = document.createElement("td"); td.textContent = text; row.appendChild(td); }
  function show(body) {
    const bar = document.getElementById("bar");
    bar.max = Math.max(body.total, 1); bar.value = body.done;
    document.getElementById("count").textContent = body.done + " / " + body.total;
    if (body.error) { document.getElementById("state").textContent = body.error; return true; }
    if (!body.report) { document.getElementById("state").textContent = labels.running; return false; }
    const report = body.report;
    document.getElementById("state").textContent = report.error || labels.done;
    document.getElementById("summary").textContent = report.created + " " + labels.created + ", " + report.updated
      + " " + labels.updated + ", " + report.problems.length + " " + labels.problems;
    const tbody = document.getElementById("problems");
    for (const problem of report.problems) {
      const row = document.createElement("tr"); cell(row, problem.line); cell(row, problem.message); tbody.appendChild(row);
    }
    document.getElementById("report").hidden = false;
    return true;
  }
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(r => r.json()).then(body => { if (!show(body)) setTimeout(poll, 700); })
      .catch(() => setTimeout(poll, 2000));
  }
  poll();
})();
