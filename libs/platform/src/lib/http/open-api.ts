import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
}

/** The name of the `x-api-key` security scheme routes refer to. */
export const API_KEY_SCHEME = 'x-api-key';

/** The OpenAPI document at /docs-json and its UI at /docs. */
export function setUpOpenApi(app: NestFastifyApplication, info: OpenApiInfo): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion(info.version)
      .addApiKey(
        {
          type: 'apiKey',
          name: 'x-api-key',
          in: 'header',
          description:
            'A key of STRATA_API_KEYS. Each route names the scope it needs (read ⊂ write ⊂ admin); without configured keys every route is open.',
        },
        API_KEY_SCHEME,
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
