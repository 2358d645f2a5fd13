// sitrep report: filtering and sorting of the event list. Everything else works
// without this script; it only reads and reorders what the page already holds.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("nojs");
  root.classList.add("js");

  var table = document.querySelector("table.events");
  var form = document.querySelector("form.controls");
  if (!table || !form) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody.event"));

  function matches(row, words, type, status) {
    if (type && row.dataset.type !== type) { return false; }
    if (status && row.dataset.status !== status) { return false; }
    if (!words.length) { return true; }
    var text = row.textContent.toLowerCase();
    return words.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function filter() {
    var words = form.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var keep = matches(row, words, form.type.value, form.status.value);
      row.classList.toggle("hidden", !keep);
      shown += keep ? 1 : 0;
    });
    form.shown.value = shown + " of " + rows.length;
  }

  var order = { key: "date", up: true };
  function sortBy(key) {
    order = { key: key, up: order.key === key ? !order.up : true };
    var numeric = key === "casualties";
    rows.sort(function (a, b) {
      var x = a.dataset[key] || "", y = b.dataset[key] || "";
      var cmp = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      if (!numeric && (x === "" || y === "")) { cmp = x === "" ? (y === "" ? 0 : 1) : -1; }
      return order.up ? cmp : -cmp;
    });
    rows.forEach(function (row) { table.appendChild(row); });
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var row = id && document.getElementById(id);
    var details = row && row.querySelector("details");
    if (details) { details.open = true; }
  }

  form.addEventListener("input", filter);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  table.querySelectorAll("th button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () { sortBy(button.dataset.sort); });
  });
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
