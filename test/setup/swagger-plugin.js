// Runs the @nestjs/swagger compiler plugin under ts-jest, as `nest build` does, so the
// OpenAPI document in tests is generated from the DTOs exactly as in production.
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 2;
// The options nest build uses, read from nest-cli.json so the two cannot drift apart.
const { options } = require('../../nest-cli.json').compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger');
module.exports.factory = (cs) => transformer.before(options, cs.program);
