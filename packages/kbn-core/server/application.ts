// Mirrors src/core/packages/application/common/src/default_app_categories.ts (elastic/kibana), with AppCategory from app_category.ts; labels untranslated

/** Where a feature or app is listed (roles and spaces screens, navigation). */
export interface AppCategory {
  id: string;
  label: string;
  ariaLabel?: string;
  /** sort order; the default categories step by 1000 */
  order?: number;
  euiIconType?: string;
}

export const DEFAULT_APP_CATEGORIES: Record<string, AppCategory> = Object.freeze({
  kibana: { id: 'kibana', label: 'Analytics', euiIconType: 'logoKibana', order: 1000 },
  enterpriseSearch: {
    id: 'enterpriseSearch',
    label: 'Elasticsearch',
    order: 2000,
    euiIconType: 'logoElasticsearch',
  },
  observability: {
    id: 'observability',
    label: 'Observability',
    euiIconType: 'logoObservability',
    order: 3000,
  },
  security: { id: 'securitySolution', label: 'Security', order: 4000, euiIconType: 'logoSecurity' },
  management: { id: 'management', label: 'Management', order: 5000, euiIconType: 'managementApp' },
});
