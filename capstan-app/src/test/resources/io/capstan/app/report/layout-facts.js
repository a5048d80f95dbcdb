// Injected by ReportRenderTest into a copy of report.html: measures the laid-out page and writes
// what it found as JSON into a pre element (id capstan-layout), which chromium --dump-dom then prints.
(function () {
  function box(e) {
    var r = e.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height, t: e.textContent, cls: e.getAttribute('class') || '', dataT: e.getAttribute('data-t')};
  }
  var out = {charts: [], scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, tables: []};
  document.querySelectorAll('figure').forEach(function (fig) {
    var svg = fig.querySelector('svg.chart');
    if (!svg) return;
    var section = fig.closest('section');
    var cs = getComputedStyle(section);
    var content = section.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    var sb = svg.getBoundingClientRect();
    var texts = [].map.call(svg.querySelectorAll('text'), box);
    var overlaps = [];
    for (var i = 0; i < texts.length; i++) {
      for (var j = i + 1; j < texts.length; j++) {
        var a = texts[i], b = texts[j];
        var ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        var iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (ix > 0.5 && iy > 0.5) overlaps.push(a.t + ' | ' + b.t);
      }
    }
    var outside = texts.filter(function (b) {
      return b.x < sb.left - 0.5 || b.y < sb.top - 0.5 || b.x + b.w > sb.right + 0.5 || b.y + b.h > sb.bottom + 0.5;
    }).map(function (b) { return b.t; });
    var series = [].map.call(fig.querySelectorAll('.legend [data-series]'), function (k) {
      var id = k.getAttribute('data-series');
      var p = [].filter.call(svg.querySelectorAll('path.series'), function (q) { return q.getAttribute('data-series') === id; })[0];
      var d = p ? p.getAttribute('d') : '';
      return {id: id, drawn: !!p, numbers: (d.match(/-?[0-9.]+/g) || []).length, length: p ? p.getTotalLength() : 0};
    });
    var ticks = texts.filter(function (b) { return b.cls.indexOf('xtick') >= 0; })
        .map(function (b) { return {label: b.t, t: Number(b.dataT), x: b.x + b.w / 2}; });
    var yticks = texts.filter(function (b) { return b.cls.indexOf('ytick') >= 0; })
        .map(function (b) { return {label: b.t, y: b.y + b.h / 2}; });
    out.charts.push({caption: fig.querySelector('figcaption').textContent, width: sb.width, content: content, texts: texts.length,
      overlaps: overlaps, outside: outside, series: series, ticks: ticks, yticks: yticks});
  });
  document.querySelectorAll('.filter').forEach(function (f) {
    var table = document.getElementById(f.dataset.table);
    var rows = [].slice.call(table.tBodies[0].rows);
    var kind = f.querySelector('select[name=kind]');
    kind.value = 'out';
    kind.dispatchEvent(new Event('input'));
    var shown = rows.filter(function (r) { return !r.hidden; });
    var result = {rows: rows.length, outShown: shown.length, outOnly: shown.every(function (r) { return r.className === 'out'; }),
      outTotal: rows.filter(function (r) { return r.className === 'out'; }).length, policies: []};
    kind.value = '';
    var policy = f.querySelector('select[name=policy]');
    if (policy) {
      [].slice.call(policy.options).forEach(function (o) {
        if (!o.value) return;
        policy.value = o.value;
        policy.dispatchEvent(new Event('input'));
        result.policies.push({policy: o.value, shown: rows.filter(function (r) { return !r.hidden; }).length,
          total: rows.filter(function (r) { return r.dataset.policy === o.value; }).length});
      });
      policy.value = '';
    }
    var q = f.querySelector('input');
    q.value = 'zz-no-such-text';
    q.dispatchEvent(new Event('input'));
    result.searchNone = rows.filter(function (r) { return !r.hidden; }).length;
    q.value = '';
    q.dispatchEvent(new Event('input'));
    out.tables.push(result);
  });
  var pre = document.createElement('pre');
  pre.id = 'capstan-layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
