// Starts Swagger UI on the bank's docs page (/docs) with the OpenAPI documents the page lists in data-documents.
// A same-origin file rather than an inline script: the page's Content-Security-Policy allows scripts from 'self' only.
window.addEventListener('load', function () {
  var element = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    urls: JSON.parse(element.dataset.documents),
    dom_id: '#swagger-ui',
    deepLinking: true,
    // the default sends each document to an online validator: the sandbox works offline, and the files are official
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
