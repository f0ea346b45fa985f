document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th) {
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = th.textContent;
  th.textContent = "";
  th.appendChild(button);
  button.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], column = th.cellIndex;
    var up = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var key = function (row) { var cell = row.cells[column]; return cell.dataset.value !== undefined ? parseFloat(cell.dataset.value) : cell.textContent; };
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return up ? order : -order;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
