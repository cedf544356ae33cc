// Material's search panel has role="dialog" but no name; screen readers announce it as
// an unnamed dialog (axe: aria-dialog-name). Name it after its own input's label.
(function () {
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }
})();
