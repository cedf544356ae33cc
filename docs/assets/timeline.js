// Material's search panel has role="dialog" but no name; screen readers announce it as
// an unnamed dialog (axe: aria-dialog-name). Name it after its own input's label.
(function () {
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }
})();

// The position matrix: show the parties the reader chose, two by default, and keep the
// choice in the page's address (?parties=ukraine,russia) so a view can be shared; it
// works from file:// too. Without this script every party's column shows.
(function () {
  var matrices = document.querySelectorAll(".tl-matrix");
  for (var m = 0; m < matrices.length; m++) {
    setUp(matrices[m]);
  }

  function setUp(matrix) {
    var chooser = matrix.querySelector(".tl-compare");
    var boxes = Array.prototype.slice.call(chooser.querySelectorAll("input[type=checkbox]"));
    var known = boxes.map(function (box) { return box.value; });
    var asked = new URLSearchParams(window.location.search).get("parties");
    var wanted = (asked || matrix.getAttribute("data-default") || "").split(",")
      .filter(function (party) { return known.indexOf(party) >= 0; });
    if (!wanted.length) wanted = known;
    boxes.forEach(function (box) {
      box.checked = wanted.indexOf(box.value) >= 0;
      box.addEventListener("change", function () { show(true); });
    });
    chooser.hidden = false;
    show(false);

    function show(remember) {
      var chosen = boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
      var cells = matrix.querySelectorAll("[data-party]");
      for (var i = 0; i < cells.length; i++) {
        var party = cells[i].getAttribute("data-party");
        cells[i].classList.toggle("tl-off", party !== "" && chosen.indexOf(party) < 0);
      }
      if (!remember) return;
      var params = new URLSearchParams(window.location.search);
      params.set("parties", chosen.join(","));
      try {
        window.history.replaceState(null, "", "?" + params.toString() + window.location.hash);
      } catch (refused) {
        // Some browsers refuse to change a file:// address; the view still changes.
      }
    }
  }
})();

// Where the parties stood at the end of a chosen month: the page of the latest month with
// events up to the one chosen (pages exist only for months with events). Offline too.
(function () {
  var pickers = document.querySelectorAll(".tl-asof");
  for (var p = 0; p < pickers.length; p++) {
    setUp(pickers[p]);
  }

  function setUp(picker) {
    var months = (picker.getAttribute("data-months") || "").split(",").filter(Boolean);
    var link = picker.getAttribute("data-link");
    var input = picker.querySelector("input[type=month]");
    var button = picker.querySelector("button");
    if (!months.length || !input || !button) return;
    picker.hidden = false;
    button.addEventListener("click", function () {
      var chosen = input.value, found = null;
      for (var i = 0; i < months.length; i++) {
        if (months[i] <= chosen) found = months[i];
      }
      window.location.href = link.replace("{month}", found || months[0]);
    });
  }
})();
