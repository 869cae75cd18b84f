"""Contexts, chunks with their pgvector embeddings, one HNSW index per known model, and each model's state."""

import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.comparison
import pgvector.django.indexes
import pgvector.django.vector
from pgvector.django import VectorExtension
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0008_page_title_order_index'),
        ('github', '0010_repository_owner_name_upper'),
    ]

    operations = [
        VectorExtension(),  # CREATE EXTENSION IF NOT EXISTS vector (core's first migration made it too)
        migrations.CreateModel(
            name='Context',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('entity_type', models.CharField(choices=[('project', 'Project'), ('chapter', 'Chapter'), ('committee', 'Committee'), ('event', 'Event'), ('repository', 'Repository'), ('issue', 'Issue')], max_length=16)),
                ('object_id', models.BigIntegerField()),
                ('title', models.CharField(blank=True, max_length=1024)),
                ('content_hash', models.CharField(max_length=64)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('issue', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='github.issue')),
                ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cms.owasppage')),
                ('repository', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='github.repository')),
            ],
        ),
        migrations.CreateModel(
            name='Chunk',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('entity_type', models.CharField(max_length=16)),
                ('position', models.PositiveSmallIntegerField()),
                ('text', models.TextField()),
                ('content_hash', models.CharField(max_length=64)),
                ('model_name', models.CharField(max_length=100)),
                ('dimensions', models.PositiveSmallIntegerField()),
                ('embedding', pgvector.django.vector.VectorField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('context', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='ai.context')),
            ],
        ),
        migrations.CreateModel(
            name='EmbeddingIndex',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model_name', models.CharField(max_length=100, unique=True)),
                ('provider', models.CharField(max_length=32)),
                ('dimensions', models.PositiveSmallIntegerField()),
                ('is_active', models.BooleanField(default=False)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('completed_at', models.DateTimeField(blank=True, help_text='When every context was first embedded.', null=True)),
                ('tokens', models.BigIntegerField(default=0, help_text='Tokens embedded with this model so far.')),
                ('cost_usd', models.DecimalField(decimal_places=6, default=0, max_digits=12)),
            ],
            options={
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('is_active',), name='ai_one_active_index')],
            },
        ),
        migrations.AddConstraint(
            model_name='context',
            constraint=models.UniqueConstraint(fields=('entity_type', 'object_id'), name='ai_context_entity_uq'),
        ),
        migrations.AddConstraint(
            model_name='context',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('entity_type__in', ('project', 'chapter', 'committee', 'event')), ('page__isnull', False), ('repository__isnull', True), ('issue__isnull', True)), models.Q(('entity_type', 'repository'), ('issue__isnull', True), ('page__isnull', True), ('repository__isnull', False)), models.Q(('entity_type', 'issue'), ('issue__isnull', False), ('page__isnull', True), ('repository__isnull', True)), _connector='OR'), name='ai_context_one_target'),
        ),
        migrations.AddIndex(
            model_name='chunk',
            index=models.Index(fields=['model_name', 'content_hash'], name='ai_chunk_model_hash'),
        ),
        migrations.AddIndex(
            model_name='chunk',
            index=pgvector.django.indexes.HnswIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.comparison.Cast('embedding', pgvector.django.vector.VectorField(dimensions=384)), name='vector_cosine_ops'), condition=models.Q(('model_name', 'all-MiniLM-L6-v2')), ef_construction=64, m=16, name='ai_hnsw_allminilml6v_07db4e'),
        ),
        migrations.AddIndex(
            model_name='chunk',
            index=pgvector.django.indexes.HnswIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.comparison.Cast('embedding', pgvector.django.vector.VectorField(dimensions=1536)), name='vector_cosine_ops'), condition=models.Q(('model_name', 'text-embedding-3-small')), ef_construction=64, m=16, name='ai_hnsw_textembeddin_31a713'),
        ),
        migrations.AddConstraint(
            model_name='chunk',
            constraint=models.UniqueConstraint(fields=('context', 'model_name', 'position'), name='ai_chunk_context_model_uq'),
        ),
    ]
