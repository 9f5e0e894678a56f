// Draws the dashboard's charts with chart.js from the numbers the page already shows in each chart's table
// (canvas data-chart). One colour per chart: bars are told apart by their axis labels, never by colour.
(function () {
  'use strict';
  // The case list reloads itself so new cases show up, unless turned off (WCAG 2.2.1: a time limit the user controls,
  // hence no <meta refresh>) or while someone is typing in a form.
  var toggle = document.getElementById('auto-refresh');
  if (toggle) {
    var stored = window.localStorage.getItem('labelbot-console-auto-refresh');
    toggle.checked = stored !== 'off';
    toggle.addEventListener('change', function () {
      window.localStorage.setItem('labelbot-console-auto-refresh', toggle.checked ? 'on' : 'off');
    });
    window.setInterval(function () {
      var typing = document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) && document.activeElement !== toggle;
      if (toggle.checked && !typing) {
        window.location.reload();
      }
    }, Number(toggle.getAttribute('data-seconds')) * 1000);
  }
  if (typeof Chart === 'undefined') {
    return;
  }
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    var valueAxis = spec.horizontal ? 'x' : 'y';
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.label } };
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.label, data: spec.values, backgroundColor: '#0b5563', borderColor: '#0b5563' }]
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: scales
      }
    });
  });
})();
