// The search worker: Material's search box talks to it as to Material's own worker (the
// same SETUP / READY / QUERY / RESULT messages, the same result items), but it builds no
// index. The generator wrote one at build time (generator/formats/search.py), split into
// scripts: on a query this worker loads the term shards the query's words fall in and the
// blocks of documents it shows, nothing else, so the first result comes as fast at 100,000
// events as at 1,000. The pages Material indexes (the hand-written ones, which it sends
// with SETUP) are searched here as they come.
//
// It runs as a Web Worker on the website and, from file://, inside the iframe that
// iframe-worker's shim gives it (there `importScripts` adds script tags, and returns a
// promise: every call is awaited).
//
// Text is untrusted: every title and text shown is escaped here, and only <mark> added.
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var LIMIT = 60;  // sections listed at most, best first
var WORD = /[\p{L}\p{N}]+/gu;
var DATE = /^\d{4}-\d{2}(-\d{2})?$/;

var root = (function () {
  // The worker's own address, then the site's root two folders up (assets/…/this file).
  var here = typeof document !== "undefined" && document.querySelector("script[src]")
    ? document.querySelector("script[src]").src : self.location.href;
  return new URL("../", here.split("?")[0]).href;
})();
var base = root + "generated/search/";

var manifest = null, shards = {}, blocks = {}, pending = {};
var pages = [];  // what Material sent: the hand-written pages, their text already HTML

self.__tlSearch = function (kind, key, data) {
  if (kind === "index") manifest = data;
  else if (kind === "shard") shards[key] = data;
  else if (kind === "block") blocks[key] = data;
};

// Each file once: a query typed while another's files still load waits for them too.
function load(urls) {
  return Promise.all(urls.map(function (url) {
    if (!pending[url]) pending[url] = Promise.resolve(importScripts(url));
    return pending[url];
  }));
}

// FNV-1a over the code points of a term's first two characters, as the generator does.
function shardOf(term) {
  var h = 0x811c9dc5, chars = Array.from(term).slice(0, 2);
  for (var i = 0; i < chars.length; i++) {
    h = Math.imul(h ^ chars[i].codePointAt(0), 0x01000193) >>> 0;
  }
  return h & (manifest.shards - 1);
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

// The query's words: runs of letters and digits, lower-cased, and a written date
// (2025-06-02, 2025-06) kept whole, as the index holds it. Lunr's marks (+, -, ~, *, ^)
// fall away with the other punctuation.
function termsOf(query) {
  var terms = [];
  String(query).toLowerCase().split(/[\s\u200b]+/).forEach(function (part) {
    var bare = part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (DATE.test(bare)) terms.push(bare);
    else (bare.match(WORD) || []).forEach(function (w) { terms.push(w); });
  });
  return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
}

// Title and text, escaped, with every word that starts with a found term marked.
function highlight(text, found, html) {
  if (!found.length) return html ? text : escapeHTML(text);
  if (html) {  // Material's own text: mark inside the text between tags only
    return text.replace(/(^|>)([^<]*)/g, function (all, open, part) {
      return open + markWords(part, found, function (s) { return s; });
    });
  }
  return markWords(text, found, escapeHTML);
}

function markWords(text, found, escape) {
  var out = "", last = 0;
  text.replace(WORD, function (word, at) {
    var lower = word.toLowerCase();
    var hit = found.some(function (t) { return lower.indexOf(t) === 0 || t.indexOf(lower) === 0 && DATE.test(t); });
    if (hit) {
      out += escape(text.slice(last, at)) + "<mark>" + escape(word) + "</mark>";
      last = at + word.length;
    }
    return word;
  });
  return out + escape(text.slice(last));
}

// The postings of a term and its completions (every term of the shard it begins), the
// exact term weighing most: {doc number: weight}.
// A single letter matches only itself: the words it begins lie in other shards.
function matches(term, shard) {
  var hits = {}, keys = Object.keys(shard || {}), whole = Array.from(term).length < 2;
  for (var k = 0; k < keys.length; k++) {
    var key = keys[k];
    if (whole ? key !== term : key.indexOf(term) !== 0) continue;
    var factor = key === term ? 1 : 0.5, list = shard[key], doc = 0;
    var idf = Math.log(1 + manifest.docs / (list.length / 2));
    for (var i = 0; i < list.length; i += 2) {
      doc += list[i];
      var weight = factor * idf * list[i + 1] / (list[i + 1] + 1.2);
      if (!(doc in hits) || hits[doc] < weight) hits[doc] = weight;
    }
  }
  return hits;
}

function setup(data) {
  pages = (data.docs || []).map(function (doc) {
    var bare = (doc.title + " " + doc.text).replace(/<[^>]*>/g, " ").toLowerCase();
    return {doc: doc, words: bare.match(WORD) || []};
  });
  return load([base + "index.js"]);
}

// Material's pages: a section per heading, its page the document without a "#".
function searchPages(terms) {
  var groups = {};
  pages.forEach(function (entry) {
    var found = {}, score = 0, count = 0;
    terms.forEach(function (term) {
      var n = entry.words.filter(function (w) { return w.indexOf(term) === 0; }).length;
      found[term] = n > 0;
      if (n) { score += n / (n + 1.2); count += 1; }
    });
    if (!count) return;
    score = (count * 1000 + score) / 1000;
    var path = entry.doc.location.split("#")[0];
    (groups[path] = groups[path] || []).push(item(entry.doc, found, score, true));
  });
  return Object.keys(groups).map(function (path) {
    return withArticle(groups[path], path, function () {
      var page = pages.filter(function (e) { return e.doc.location === path; })[0];
      return page && item(page.doc, {}, 0, true);
    });
  }).filter(Boolean);
}

function item(doc, found, score, html) {
  var hit = Object.keys(found).filter(function (t) { return found[t]; });
  return {location: doc.location, title: highlight(doc.title, hit, html),
          text: highlight(doc.text, hit, html), score: score, terms: found};
}

function withArticle(items, path, article) {
  if (!items.some(function (i) { return i.location === path; })) {
    var page = article();
    if (!page) return null;
    items.push(page);
  }
  return items.sort(function (a, b) { return b.score - a.score; });
}

async function search(query) {
  var terms = termsOf(query);
  if (!terms.length || !manifest) return {items: []};
  var shardFiles = terms.map(function (t) { return base + "t/" + shardOf(t) + ".js"; });
  await load(shardFiles);
  // Every document with the terms it holds; those holding all of them first.
  var scores = {}, counts = {}, per = terms.map(function (t) {
    return matches(t, shards[shardOf(t)]);
  });
  per.forEach(function (hits) {
    Object.keys(hits).forEach(function (doc) {
      scores[doc] = (scores[doc] || 0) + hits[doc];
      counts[doc] = (counts[doc] || 0) + 1;
    });
  });
  var ranked = Object.keys(scores).map(Number).sort(function (a, b) {
    return counts[b] - counts[a] || scores[b] - scores[a] || a - b;
  }).slice(0, LIMIT);
  var needed = {};
  ranked.forEach(function (doc) { needed[Math.floor(doc / manifest.block)] = true; });
  await load(Object.keys(needed).map(function (b) { return base + "d/" + b + ".js"; }));
  var parents = {};
  ranked.forEach(function (doc) {
    var row = docAt(doc);
    if (row && row[3] >= 0) parents[Math.floor(row[3] / manifest.block)] = true;
  });
  await load(Object.keys(parents).map(function (b) { return base + "d/" + b + ".js"; }));
  var groups = {}, order = [];
  ranked.forEach(function (doc, place) {
    var row = docAt(doc);
    if (!row) return;
    var found = {};
    terms.forEach(function (t, i) { found[t] = doc in per[i]; });
    var page = row[3] >= 0 ? row[3] : doc;
    if (!(page in groups)) { groups[page] = []; order.push(page); }
    // Material lists a page's sections by score; the score also orders pages.
    groups[page].push(item({location: row[0], title: row[1], text: row[2]}, found,
                           (counts[doc] * 1000 + scores[doc]) / 1000, false));
  });
  var items = order.map(function (page) {
    var path = docAt(page)[0];
    return withArticle(groups[page], path, function () {
      var row = docAt(page);
      return item({location: row[0], title: row[1], text: row[2]}, {}, 0, false);
    });
  });
  var own = searchPages(terms);
  items = own.concat(items).sort(function (a, b) { return b[0].score - a[0].score; });
  return {items: items, suggest: suggest(terms)};
}

function docAt(number) {
  var block = blocks[Math.floor(number / manifest.block)];
  return block && block[number % manifest.block];
}

// The completion of the last word the reader is typing: the commonest term it begins.
function suggest(terms) {
  var last = terms[terms.length - 1], shard = shards[shardOf(last)] || {}, best = "", most = 0;
  if (Array.from(last).length < 2) return [];
  Object.keys(shard).forEach(function (key) {
    if (key.indexOf(last) === 0 && shard[key].length > most) {
      best = key; most = shard[key].length;
    }
  });
  return best ? terms.slice(0, -1).concat([best]) : [];
}

async function handle(message) {
  switch (message.type) {
    case SETUP:
      await setup(message.data);
      return {type: READY};
    case QUERY:
      try {
        return {type: RESULT, data: await search(message.data)};
      } catch (error) {
        console.warn(error);
        return {type: RESULT, data: {items: []}};
      }
    default:
      throw new TypeError("Invalid message type");
  }
}

// One message at a time, answered in the order they came: a query waiting for its files
// must not answer after the one typed next. A query overtaken by a newer one while it
// waited its turn is not answered at all (Material shows the newest answer it gets).
var queue = Promise.resolve(), latest = 0;
addEventListener("message", function (event) {
  var message = event.data, number = message && message.type === QUERY ? ++latest : 0;
  queue = queue.then(async function () {
    if (number && number !== latest) return;
    postMessage(await handle(message));
  }).catch(function (error) { console.warn(error); });
});
