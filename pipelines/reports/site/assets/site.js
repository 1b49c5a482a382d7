(function () {
  "use strict";
  var search = document.getElementById("search");
  var industry = document.getElementById("industry");
  var region = document.getElementById("region");
  var status = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#employers tbody tr"));
  function matches(row, words) {
    if (words && row.getAttribute("data-name").indexOf(words) < 0) return false;
    if (industry.value && row.getAttribute("data-industry") !== industry.value) return false;
    if (region.value && row.getAttribute("data-regions").split(" ").indexOf(region.value) < 0) return false;
    return true;
  }
  function apply() {
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, words);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " employers.";
  }
  [search, industry, region].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  apply();
})();
