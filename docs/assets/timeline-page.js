/* Page furniture for every page: the tab of the section a generated page belongs to, and
   "Cite" beside every event.

   Generated pages (a month, a party, a tag) are in no navigation entry, so Material marks
   no tab for them: the tab whose page lies in the same folder is marked here, or the one
   a folder belongs with (tags and types with the timeline, a month's record with the
   positions, outlets with About). Without a script the breadcrumbs above the title say
   where the page sits.

   "Cite" beside every event: copies "“Title”, 2 June 2025, Site name, address" to the
   clipboard and shows it, selected, for a reader to copy by hand where the clipboard is
   closed (some browsers keep it from pages opened from disk). The address is the page's
   own with the event's anchor, so a citation from the bundle names the file and one from
   the website its address. Text only: nothing from the page is read back as markup. */
(function () {
  "use strict";

  function siteName() {
    var meta = document.querySelector('meta[property="og:site_name"]');
    return meta ? meta.getAttribute("content") : document.title;
  }

  var BELONGS = {tags: "timeline", types: "timeline", record: "positions", outlets: "about"};

  function folderOf(url) {
    var parts = url.split("#")[0].split("?")[0].split("/");
    return parts.length > 1 ? parts[parts.length - 2] : "";
  }

  function markTab() {
    if (document.querySelector(".md-tabs__item--active")) return;  // Material found it
    if (!/\/generated\/[^/]+\/[^/]*$/.test(location.pathname)) return;
    var folder = folderOf(location.href);
    var wanted = BELONGS[folder] || folder;
    var links = document.querySelectorAll(".md-tabs__link");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].href.split("#")[0];
      var match = wanted === "about" ? /\/about\.html$/.test(href)
        : /\/generated\//.test(href) && folderOf(href) === wanted;
      if (match) {
        links[i].closest(".md-tabs__item").classList.add("md-tabs__item--active");
        links[i].setAttribute("aria-current", "location");
        return;
      }
    }
  }

  function setUp() {
    markTab();
    var buttons = document.querySelectorAll(".tl-cite-button");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var line = button.closest(".tl-cite");
        var link = line.querySelector(".tl-permalink");
        var address = location.href.split("#")[0].split("?")[0] + link.getAttribute("href");
        var citation = button.dataset.cite + ", " + siteName() + ", " + address;
        var shown = line.querySelector(".tl-cite-text");
        shown.textContent = "";
        var note = document.createElement("span");
        note.textContent = button.dataset.copied + " ";
        var text = document.createElement("span");
        text.className = "tl-cite-q";
        text.textContent = citation;
        shown.appendChild(note);
        shown.appendChild(text);
        var range = document.createRange();
        range.selectNodeContents(text);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(citation).catch(function () {
            try { document.execCommand("copy"); } catch (e) { /* shown and selected */ }
          });
        } else {
          try { document.execCommand("copy"); } catch (e) { /* shown and selected */ }
        }
      });
    });
  }

  // Material's instant loading replaces the page without a new load; `document$` says so.
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
