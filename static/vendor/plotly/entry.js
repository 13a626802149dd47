var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/scatterpolar'), require('plotly.js/lib/scatter')]);
module.exports = Plotly;
