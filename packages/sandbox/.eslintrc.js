module.exports = require('../../scripts/eslint-package')(__dirname);
