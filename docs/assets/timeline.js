// Material's search panel has role="dialog" but no name; screen readers announce it as
// an unnamed dialog (axe: aria-dialog-name). Name it after its own input's label.
(function () {
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input");
  // The theme's own word, in the site's language: the input's label, or its placeholder.
  var name = input && (input.getAttribute("aria-label") || input.getAttribute("placeholder"));
  if (dialog && name && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", name);
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

// Compare two dates: load the record (a script beside the page, so file:// works too) and
// list what changed between the dates chosen. Event text is only ever put in the page as
// text nodes, never parsed as markup.
(function () {
  var range = document.querySelector(".tl-range[data-record]");
  if (!range) return;
  var out = document.querySelector(".tl-changes");
  var loader = document.createElement("script");
  loader.src = range.getAttribute("data-record");
  loader.onload = function () {
    if (!window.TIMELINE_RECORD) return;
    range.hidden = false;
    // ?from=2025-06-01&to=2025-06-30 in the address opens those dates (a month's page links so).
    var params = new URLSearchParams(window.location.search);
    ["from", "to"].forEach(function (name) {
      var value = params.get(name);
      if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        range.querySelector("input[name=" + name + "]").value = value;
      }
    });
    var inputs = range.querySelectorAll("input[type=date]");
    for (var i = 0; i < inputs.length; i++) inputs[i].addEventListener("change", show);
    show();
  };
  document.head.appendChild(loader);

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function eventLink(row, at) {  // row[at..]: start, spoken date, title, link
    var span = el("span", " · " + row[at + 1] + ", ");
    var a = el("a", row[at + 2]);
    a.setAttribute("href", row[at + 3]);
    span.appendChild(a);
    return span;
  }

  function section(title, items) {
    if (!items.length) return null;
    var part = el("section");
    part.appendChild(el("h2", title));
    var list = el("ul");
    items.forEach(function (item) { list.appendChild(item); });
    part.appendChild(list);
    return part;
  }

  // "Ukraine on Ceasefire" in the site's language: the catalogue's party_on_topic when the
  // record carries it. A function replacement, so that a "$" in a name stays as written.
  function onTopic(words, party, topic) {
    var said = words.party_on_topic;
    if (!said) return party + " on " + topic;
    return said.replace("{party}", function () { return party; })
      .replace("{topic}", function () { return topic; });
  }

  function show() {
    var data = window.TIMELINE_RECORD, words = data.words;
    var from = range.querySelector("input[name=from]").value;
    var to = range.querySelector("input[name=to]").value;
    if (from > to) { var swap = from; from = to; to = swap; }
    var within = function (start) { return start > from && start <= to; };
    var moved = data.stances.filter(function (s) {
      return within(s[4]) && s[2] !== "restated" && s[2] !== "refined";
    }).map(function (s) {
      var li = el("li");
      li.appendChild(el("strong", onTopic(words, data.parties[s[0]], data.topics[s[1]]) +
                              " (" + words["change_" + s[2]] + "): "));
      li.appendChild(document.createTextNode(s[3]));
      li.appendChild(eventLink(s, 4));
      return li;
    });
    // commitments: key, parties, topic, text, due (last day or ""), then the event
    var made = data.commitments.filter(function (c) { return within(c[5]); }).map(function (c) {
      var li = el("li", onTopic(words, c[1], c[2]) + ": " + c[3]);
      li.appendChild(eventLink(c, 5));
      return li;
    });
    // fulfilments: key, status, text, the commitment's text, then the event
    var progress = data.fulfilments.filter(function (f) { return within(f[4]); })
      .map(function (f) {
        var li = el("li");
        li.appendChild(el("strong", words["status_" + f[1]] + ": "));
        li.appendChild(document.createTextNode(f[2] + " (" + f[3] + ")"));
        li.appendChild(eventLink(f, 4));
        return li;
      });
    // On the second date: each commitment made by then whose latest report by then is not
    // final (kept, partly kept, broken), overdue once its due day has passed.
    var latest = {};
    data.fulfilments.forEach(function (f) { if (f[4] <= to) latest[f[0]] = f[1]; });
    var open = data.commitments.filter(function (c) {
      var status = latest[c[0]];
      return c[5] <= to && (!status || status === "in-progress");
    }).map(function (c) {
      var status = latest[c[0]] || (c[4] && c[4] < to ? "overdue" : "pending");
      var li = el("li");
      li.appendChild(el("strong", words["status_" + status] + ": "));
      li.appendChild(document.createTextNode(onTopic(words, c[1], c[2]) + ": " + c[3]));
      li.appendChild(eventLink(c, 5));
      return li;
    });
    var standing = data.disputes.filter(function (d) { return d[4] <= to; }).map(function (d) {
      var li = el("li", d[0] + ": " + d[1] + " — " + words.disputes + " " + d[2] + ": " + d[3]);
      li.appendChild(eventLink(d, 4));
      return li;
    });
    var disputed = data.disputes.filter(function (d) { return within(d[4]); }).map(function (d) {
      var li = el("li", d[0] + ": " + d[1] + " — " + words.disputes + " " + d[2] + ": " + d[3]);
      li.appendChild(eventLink(d, 4));
      return li;
    });
    out.textContent = "";
    var parts = [section(words.stances_moved, moved), section(words.commitments_made, made),
                 section(words.progress, progress), section(words.claims_disputed, disputed)];
    var any = false;
    parts.forEach(function (part) { if (part) { out.appendChild(part); any = true; } });
    if (!any) out.appendChild(el("p", words.compare_none));
    [section(words.open_on.replace("{date}", to), open),
     section(words.in_dispute_by.replace("{date}", to), standing)].forEach(function (part) {
      if (part) out.appendChild(part);
    });
  }
})();
