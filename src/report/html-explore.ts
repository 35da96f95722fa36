/** Styles of the question table, the outcome filter, the breakdown and the comparison. */
export const EXPLORE_STYLE = `
.table-scroll { overflow-x: auto; max-height: 420px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
#question-table th { position: sticky; top: 0; background: var(--panel); }
#question-table tr[hidden] { display: none; }
button.sort, button.open, button.group { font: inherit; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: left; }
button.sort { font-weight: 600; color: var(--muted); }
th[aria-sort="ascending"] button.sort::after { content: " ▲"; } th[aria-sort="descending"] button.sort::after { content: " ▼"; }
button.open, button.group { color: var(--accent); text-decoration: underline; }
select { font: inherit; padding: 2px 6px; border: 1px solid var(--line); border-radius: 14px; background: var(--bg); }
#meta-active[hidden] { display: none; }
#meta-active { background: #fff8e1; border-radius: 14px; padding: 2px 10px; }
table.breakdown[hidden] { display: none; }
#comparison tr.fail td { color: #c62828; } #comparison tr.pass td { color: #2e7d32; }
`;

/**
 * The page's script: filters the question table and the drill-downs together (diagnosis button,
 * search words, probe outcome, a breakdown group), sorts the table by any column (the drill-downs
 * follow its order), opens a question from its id, and switches the breakdown field. It reads
 * only data-* attributes and text the server escaped, and holds no data of its own, so nothing
 * from a dataset ever reaches script context.
 */
export const EXPLORE_SCRIPT = `
(function () {
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var buttons = all('button.filter');
  var rows = all('tr.qrow');
  var details = all('details.question');
  var byId = {};
  details.forEach(function (d) { byId[d.getAttribute('data-id')] = d; });
  var showing = document.getElementById('showing');
  var search = document.getElementById('search');
  var outcome = document.getElementById('outcome-filter');
  var metaActive = document.getElementById('meta-active');
  var metaLabel = document.getElementById('meta-label');
  var state = { diagnosis: 'all', meta: '' };
  function matches(el) {
    var words = search ? search.value.toLowerCase().split(/\\s+/).filter(Boolean) : [];
    var text = el.getAttribute('data-search') || '';
    var tags = ' ' + (el.getAttribute('data-outcomes') || '') + ' ';
    var meta = '\\n' + (el.getAttribute('data-meta') || '') + '\\n';
    return (state.diagnosis === 'all' || el.getAttribute('data-diagnosis') === state.diagnosis) &&
      words.every(function (w) { return text.indexOf(w) >= 0; }) &&
      (!outcome || outcome.value === '' || tags.indexOf(' ' + outcome.value + ' ') >= 0) &&
      (state.meta === '' || meta.indexOf('\\n' + state.meta + '\\n') >= 0);
  }
  function apply() {
    var visible = {};
    var shown = 0;
    var source = rows.length > 0 ? rows : details;
    source.forEach(function (el) {
      var match = matches(el);
      el.hidden = !match;
      if (match) { visible[el.getAttribute('data-id')] = true; shown++; }
    });
    details.forEach(function (d) { d.hidden = !visible[d.getAttribute('data-id')]; });
    buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-filter') === state.diagnosis)); });
    if (metaActive) {
      metaActive.hidden = state.meta === '';
      metaLabel.textContent = state.meta;
    }
    showing.textContent = 'showing ' + shown + ' of ' + source.length;
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () { state.diagnosis = b.getAttribute('data-filter'); apply(); });
  });
  if (search) search.addEventListener('input', apply);
  if (outcome) outcome.addEventListener('change', apply);
  all('button.group').forEach(function (b) {
    b.addEventListener('click', function () {
      state.meta = b.getAttribute('data-meta-filter');
      apply();
      document.getElementById('questions').scrollIntoView();
    });
  });
  var clear = document.getElementById('meta-clear');
  if (clear) clear.addEventListener('click', function () { state.meta = ''; apply(); });
  all('button.sort').forEach(function (b) {
    b.addEventListener('click', function () {
      var th = b.parentNode;
      var col = Number(b.getAttribute('data-col'));
      var numeric = b.getAttribute('data-type') === 'num';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      all('#question-table th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var tbody = document.querySelector('#question-table tbody');
      var sorted = rows.slice().sort(function (x, y) {
        var a = x.children[col].getAttribute('data-v');
        var c = y.children[col].getAttribute('data-v');
        if (a === '' || c === '') return a === c ? 0 : a === '' ? 1 : -1;
        if (numeric) return dir * (Number(a) - Number(c));
        return dir * (a < c ? -1 : a > c ? 1 : 0);
      });
      sorted.forEach(function (r) {
        tbody.appendChild(r);
        var d = byId[r.getAttribute('data-id')];
        if (d) d.parentNode.appendChild(d);
      });
    });
  });
  all('button.open').forEach(function (b) {
    b.addEventListener('click', function () {
      var d = byId[b.getAttribute('data-open')];
      if (!d) return;
      d.hidden = false;
      d.open = true;
      d.scrollIntoView();
    });
  });
  var key = document.getElementById('breakdown-key');
  if (key) key.addEventListener('change', function () {
    all('table.breakdown').forEach(function (t) { t.hidden = t.getAttribute('data-key') !== key.value; });
  });
  if (location.hash.indexOf('#diagnosis=') === 0) { state.diagnosis = location.hash.slice('#diagnosis='.length); }
  apply();
})();
`;
